/** scripts/setup-n8n.sh on a machine without a C/C++ toolchain: it stops at once, saying what to install. */
import { childProcess, fs, os, path, REPO } from '../support/host';

it('without make, g++ and python3 it stops before downloading anything, with the install commands', () => {
	const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'evolink-no-tools-'));
	const cache = path.join(empty, 'cache');
	const run = childProcess.spawnSync('/bin/bash', [path.join(REPO, 'scripts/setup-n8n.sh')], {
		env: { PATH: path.join(empty, 'bin'), HOME: empty, EVOLINK_CACHE: cache },
		encoding: 'utf8',
	});
	fs.rmSync(empty, { recursive: true, force: true });
	expect(run.status).toBe(1);
	expect(run.stderr).toContain('cannot install n8n@2.41.1, missing: make g++ python3');
	expect(run.stderr).toContain('sudo apt-get install -y build-essential python3');
	expect(run.stderr).toContain('xcode-select --install');
	expect(fs.existsSync(cache)).toBe(false);
});
