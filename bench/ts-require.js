// Lets plain Node require the e2e harness (TypeScript) in place, without ts-node:
// each .ts file is transpiled in memory with the repo's own `typescript`, so
// __dirname and relative paths inside it stay those of the source file.
'use strict';
const fs = require('node:fs');
const ts = require('typescript');

if (!require.extensions['.ts']) {
	require.extensions['.ts'] = (module, filename) => {
		const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), {
			fileName: filename,
			compilerOptions: {
				module: ts.ModuleKind.CommonJS,
				target: ts.ScriptTarget.ES2021,
				esModuleInterop: true,
				sourceMap: false,
			},
		});
		module._compile(outputText, filename);
	};
}
