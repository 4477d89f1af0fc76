// `npm run sim`: placeholder until the simulators (issue 7) land. It says so and exits non-zero.
console.error('TinNguon simulators: chưa sẵn sàng / not available yet (issue 7). Nothing was started.');
process.exitCode = 2;
