// tap's coverage map: every test may cover the workspaces' sources, and nothing else. Code that end-to-end tests run
// from dist/ in child processes counts toward its source through the source maps. Composition roots and CLIs (main.ts,
// cli.ts) are left out: they only wire the parts together, and run only in those child processes.
// A map, rather than `coverage-exclude` globs over dist/, test/ and bench/, keeps the list tap puts in each test's
// environment short: the expanded exclusions grew past Linux's 128 KiB limit on one variable (spawn E2BIG).
export default () => ['{protocol,edge-agent,hub,simulators}/src/**/!(main|cli).ts'];
