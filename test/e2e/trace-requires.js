// Preloaded into n8n via NODE_OPTIONS=--require by test/e2e/harness.ts.
// At exit it records which files the installed package's modules actually
// required, so a test can see where n8n-workflow / zod resolved from inside n8n.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.env.EVOLINK_E2E_TRACE_DIR;
const pkg = process.env.EVOLINK_E2E_TRACE_PKG;
if (dir && pkg) {
	process.on('exit', () => {
		const out = {};
		for (const m of Object.values(require.cache)) {
			if (!m || !m.filename.startsWith(pkg + path.sep)) continue;
			out[m.filename] = m.children.map((c) => c.filename).filter((f) => !f.startsWith(pkg + path.sep));
		}
		if (Object.keys(out).length) fs.writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(out));
	});
}
