/* X-macro list of subcommands: add one line per src/cli/cmd_<name>.c.
 * The one-line summary is printed by each command's own --help. */
COMMAND(version)
COMMAND(sign)
COMMAND(init)
COMMAND(import)
COMMAND(export)
COMMAND(list)
COMMAND(fonts)
COMMAND(proof)
COMMAND(forms)
COMMAND(render)
COMMAND(batch)
COMMAND(verify)
