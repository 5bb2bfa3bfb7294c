// Run by out-dir-lock.test.ts: takes the lock of folder argv[2], prints "locked", then ends as
// argv[3] says: "wait" (until killed), "exit" (process.exit(3)) or "throw" (an uncaught error).
import { lockOutDir } from '../../dist/node/index.js';

const [dir, ending] = [process.argv[2], process.argv[3]];
lockOutDir(dir);
process.stdout.write('locked\n');
if (ending === 'exit') process.exit(3);
if (ending === 'throw') throw new Error('the run failed');
setInterval(() => {}, 1000);
