// Build checks after `n8n-node build` (tsc + static files). n8n loads nodes, credentials,
// their codex files and icons by path at runtime: a missing file only shows up as a
// broken node in the editor, so `npm run build` fails here instead.
const fs = require('node:fs');
const path = require('node:path');
const { series, task } = require('gulp');

const ROOT = __dirname;
const pkg = require('./package.json');

function fail(problems) {
	if (problems.length === 0) return;
	throw new Error(`dist is not what n8n needs:\n- ${problems.join('\n- ')}`);
}

/** Every entry point package.json names exists and loads; its icons and codex file ship next to it. */
function verifyEntryPoints() {
	const problems = [];
	const entries = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	for (const rel of entries) {
		const file = path.join(ROOT, rel);
		if (!fs.existsSync(file)) {
			problems.push(`${rel} is missing`);
			continue;
		}
		delete require.cache[file];
		const exported = Object.values(require(file));
		const instance = exported.length === 1 && typeof exported[0] === 'function' ? new exported[0]() : undefined;
		if (!instance) {
			problems.push(`${rel} must export exactly one class`);
			continue;
		}
		const described = instance.description ?? instance;
		const icon = described.icon;
		const icons = typeof icon === 'string' ? [icon] : icon ? [icon.light, icon.dark] : [];
		if (icons.length === 0) problems.push(`${rel} has no icon`);
		for (const i of icons) {
			const iconFile = path.resolve(path.dirname(file), i.replace(/^file:/, ''));
			if (!fs.existsSync(iconFile)) problems.push(`${rel}: icon ${i} not found at ${path.relative(ROOT, iconFile)}`);
		}
		if (rel.endsWith('.node.js') && !fs.existsSync(file.replace(/\.js$/, '.json')))
			problems.push(`${rel}: codex file ${path.basename(rel, '.js')}.json is missing`);
	}
	fail(problems);
	return Promise.resolve();
}

/** What `npm pack` ships: runtime code, codex files and icons only (no tests, sources, maps or stray assets). */
function verifyShippedFiles() {
	const { execFileSync } = require('node:child_process');
	const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }));
	const problems = packed.files
		.map((f) => f.path)
		.filter((p) => !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(p))
		.filter((p) => !/^dist\/(nodes|credentials|icons)\/.+\.(js|json|svg)$/.test(p) || /(^|\/)(test|__tests__)\//.test(p))
		.map((p) => `${p} should not ship`);
	for (const rel of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
		if (!packed.files.some((f) => f.path === rel)) problems.push(`${rel} is not in the package`);
	fail(problems);
	return Promise.resolve();
}

task('verify:entry-points', verifyEntryPoints);
task('verify:shipped-files', verifyShippedFiles);
task('verify', series('verify:entry-points', 'verify:shipped-files'));

/**
 * README's model table, made from the model definitions (dist): one row per model with its
 * family, mode, id and inputs. `gulp readme:models` writes it between the markers;
 * test/unit/readme.test.ts fails when README and the models disagree.
 */
function modelTable(MODELS = require('./dist/nodes/EvoLink/models').MODELS) {
	const kinds = { image: 'image', video: 'video', audio: 'audio' };
	const rows = [...MODELS]
		.sort((a, b) => a.family.localeCompare(b.family) || a.displayName.localeCompare(b.displayName, undefined, { numeric: true }))
		.map((m) => {
			const media = m.fields
				.filter((f) => f.type === 'media')
				.map((f) => `${f.displayName} (${kinds[f.kind]}${f.single || f.maxItems === 1 ? '' : ` ×${f.minItems && f.minItems > 1 ? `${f.minItems}–` : '≤'}${f.maxItems}`}${f.required ? '' : ', optional'})`);
			const settings = m.fields.filter((f) => f.type !== 'media' && !f.optional && f.param !== 'prompt').map((f) => f.displayName.replace(/ \(Seconds\)$/, ''));
			const prompt = m.fields.find((f) => f.param === 'prompt');
			const inputs = [prompt ? (prompt.required ? 'prompt' : 'prompt (optional)') : undefined, ...media].filter(Boolean).join(', ') || '—';
			return `| ${m.family} | ${m.mode} | \`${m.id}\` | ${inputs} | ${settings.join(', ') || '—'} |`;
		});
	return ['| family | mode | model | inputs | main settings |', '|---|---|---|---|---|', ...rows].join('\n');
}

const START = '<!-- models:start -->';
const END = '<!-- models:end -->';

function readmeModels() {
	const file = path.join(ROOT, 'README.md');
	const text = fs.readFileSync(file, 'utf8');
	const [before, rest] = text.split(START);
	if (rest === undefined || !rest.includes(END)) throw new Error(`README.md has no ${START} … ${END} markers`);
	fs.writeFileSync(file, `${before}${START}\n${modelTable()}\n${END}${rest.split(END)[1]}`);
	return Promise.resolve();
}

task('readme:models', readmeModels);
module.exports = { modelTable, START, END };
