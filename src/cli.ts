// The `pointyard` command.

import { Command } from 'commander';
import { profileCommand } from './cli/profile.js';
import { VERSION } from './version.js';

const program = new Command()
  .name('pointyard')
  .description('Points server for buildings and car parks: points lists in, live devices out.')
  .version(VERSION)
  .showHelpAfterError()
  .addCommand(profileCommand());

await program.parseAsync(process.argv);
