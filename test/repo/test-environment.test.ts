// tap builds each test process's environment, including its coverage lists. Linux refuses to start a process when
// one variable passes 128 KiB (MAX_ARG_STRLEN), and tap then dies with spawn E2BIG before running the suite. Those
// lists once grew with every file in dist/, test/ and bench/ and reached 107 KiB; this keeps them at half the limit.
import t from 'tap';

const LINUX_MAX_ARG_STRLEN = 128 * 1024;
const sizes = Object.entries(process.env).map(([name, value]) => ({ name, bytes: Buffer.byteLength(`${name}=${value ?? ''}`) + 1 }));

t.ok(process.env._TAPJS_PROCESSINFO_COV_FILES_, 'tap runs this test with a coverage map, so it lists the sources to cover');
const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
t.ok(largest.bytes <= LINUX_MAX_ARG_STRLEN / 2, `the largest variable, ${largest.name}, is ${largest.bytes} bytes: at most half of Linux's limit`);
