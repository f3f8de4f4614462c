// n8n's verification scan (@n8n/scan-community-package, pinned in package.json) on this
// repository, without the npm registry: its CLI only scans published packages, so this
// runs the scanner's own two legs on local folders, exactly as it configures them:
//   source leg:  package.json + nodes/ + credentials/ of the repository,
//   tarball leg: the compiled .js and package.json of the packed tarball (`npm pack`).
// Inline eslint-disable comments are ignored, as the scanner does. Any error OR warning
// fails (the scanner itself fails on errors only). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import fg from 'fast-glob';
import { SOURCE_FILE_PATTERNS, analyzePackage, buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function packTarball() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-scan-'));
	const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' });
	const [{ filename }] = JSON.parse(out);
	const unpacked = path.join(dir, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', unpacked, '--strip-components=1']);
	return { dir, unpacked };
}

/** The scanner's ESLint setup (analyzePackage), keeping warnings as well as errors. */
async function lintLeg(name, cwd, patterns) {
	const eslint = new ESLint({ cwd, allowInlineConfig: false, overrideConfigFile: true, overrideConfig: await buildScanConfig() });
	const files = fg.sync(patterns, { cwd, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	const errors = results.reduce((n, r) => n + r.errorCount, 0);
	const warnings = results.reduce((n, r) => n + r.warningCount, 0);
	// The scanner's own verdict on the same folder, as a cross-check of this script.
	const verdict = await analyzePackage(cwd, patterns);
	console.log(`scan ${name}: ${files.length} files, ${errors} errors, ${warnings} warnings (scanner: ${verdict.passed ? 'passed' : 'FAILED'})`);
	if (errors + warnings > 0) console.log(await (await eslint.loadFormatter('stylish')).format(results));
	if (!verdict.passed && errors === 0) console.log(verdict.message, verdict.details ?? '');
	return errors + warnings + (verdict.passed ? 0 : 1);
}

const { dir, unpacked } = packTarball();
try {
	const problems =
		(await lintLeg('source', REPO, SOURCE_FILE_PATTERNS)) + (await lintLeg('tarball', unpacked, ['**/*.js', 'package.json']));
	process.exitCode = problems > 0 ? 1 : 0;
} finally {
	fs.rmSync(dir, { recursive: true, force: true });
}
