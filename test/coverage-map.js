// tap's coverage map: every test may cover the workspaces' sources, and nothing else.
// Composition roots and CLIs (main.ts, cli.ts) run in child processes in the end-to-end tests and are not instrumented.
// A map, rather than `coverage-exclude` globs over dist/, test/ and bench/, keeps the list tap puts in each test's
// environment short: the expanded exclusions grew past Linux's 128 KiB limit on one variable (spawn E2BIG).
export default () => ['{protocol,edge-agent,hub,simulators}/src/**/!(main|cli).ts'];
