// The `pointyard` command.

import { Command } from 'commander';
import { hisCommand, readCommand, writeCommand } from './cli/api-commands.js';
import { faultCommand } from './cli/fault.js';
import { ocppCommand } from './cli/ocpp.js';
import { profileCommand } from './cli/profile.js';
import { simulateCommand } from './cli/simulate.js';
import { siteCommand } from './cli/site.js';
import { startCommand } from './cli/start.js';
import { storeCommand } from './cli/store.js';
import { userCommand } from './cli/user.js';
import { VERSION } from './version.js';

// `pointyard read … | head`: the reader went away, which is not a failure of ours — stop quietly, as Unix
// tools do, instead of dying on an unhandled EPIPE.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const program = new Command()
  .name('pointyard')
  .description('Points server for buildings and car parks: points lists in, live devices out.')
  .version(VERSION)
  .showHelpAfterError()
  .addCommand(profileCommand())
  .addCommand(siteCommand())
  .addCommand(simulateCommand())
  .addCommand(startCommand())
  .addCommand(faultCommand())
  .addCommand(userCommand())
  .addCommand(storeCommand())
  .addCommand(ocppCommand())
  .addCommand(readCommand())
  .addCommand(writeCommand())
  .addCommand(hisCommand());

await program.parseAsync(process.argv);
