import { libraryConfig } from '../../tsup.base';

// A command, not a library: one ESM entry with a shebang, no declarations.
export default libraryConfig(
  { cli: 'src/cli.ts' },
  { format: ['esm'], dts: false, banner: { js: '#!/usr/bin/env node' } },
);
