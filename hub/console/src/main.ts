// The console's entry point, loaded by index.html as an ES module: one shell over every group of screens.
import { ConsoleShell } from './shell/shell.js';
import { consoleDictionaries, consoleScreens } from './screens/index.js';

const root = document.getElementById('app');
if (root !== null) {
  const shell = new ConsoleShell({ root, screens: consoleScreens, dictionaries: consoleDictionaries, storage: window.localStorage });
  shell.start().catch((error: unknown) => console.error(error));
}
