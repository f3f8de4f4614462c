// End-to-end: both ways of installing the packed package into a real n8n, side by side
// (scripts/test.sh runs this file on n8n 2.41.1 and on the 1.x LTS):
//   community  as n8n's community-package installer does it (Settings → Community Nodes):
//              untar into ~/.n8n/nodes/node_modules, peer/dev dependencies dropped, npm install
//   npm        the README's self-hosted way: `cd ~/.n8n/nodes && npm install <package>`
// In each, a real execution runs the node, and the modules the package required inside
// that n8n process are recorded (trace-requires.js): n8n-workflow and zod must be n8n's own
// copies, or the node's errors and types are not the ones n8n checks for.
import { fs, path, stderr } from '../support/host';
import { DEFAULT_API_KEY, requestBody, startSimulator, type Simulator } from '../support/simulator';
import { evoLinkCredential, Execution, items, loadWorkflow, N8nInstance, n8nRuntime, N8N_VERSION, PACKAGE_NAME } from './harness';

jest.setTimeout(20 * 60_000); // the first run installs n8n (~5 min); `npm install` fetches from the registry

const WAYS = ['community', 'npm'] as const;
type Way = (typeof WAYS)[number];
const CREDENTIAL = 'evoCredInstall001';
const WORKFLOW = 'wfInstallCheck001';

let sim: Simulator;
const instances: Partial<Record<Way, N8nInstance>> = {};
const runs: Partial<Record<Way, Execution>> = {};
const failures: Partial<Record<Way, Error>> = {};
const timings: Record<string, number> = {};

beforeAll(async () => {
	n8nRuntime();
	sim = await startSimulator({ taskSeconds: 1, estimatedSeconds: 1 });
	for (const way of WAYS) {
		// one way failing (e.g. `npm install` itself) must not hide the other's results
		try {
			const t = Date.now();
			const n8n = await N8nInstance.create({ install: way });
			instances[way] = n8n;
			timings[`install-${way}`] = Date.now() - t;
			await n8n.importCredentials([evoLinkCredential(CREDENTIAL, DEFAULT_API_KEY, sim.url, 'EvoLink (simulator)')]);
			const wf = loadWorkflow('test/e2e/workflows/untouched-panels.json', { id: WORKFLOW, credentialId: CREDENTIAL });
			for (const node of wf.nodes) if (typeof node.parameters.prompt === 'string') node.parameters.prompt = `${node.parameters.prompt} (${way})`;
			await n8n.importWorkflows([wf]);
			const t2 = Date.now();
			runs[way] = await n8n.execute(WORKFLOW);
			timings[`execute-${way}`] = Date.now() - t2;
		} catch (error) {
			failures[way] = error as Error;
		}
	}
});

afterAll(async () => {
	stderr.write(`n8n ${N8N_VERSION} install e2e timings (ms): ${JSON.stringify(timings)}\n`);
	for (const [way, n8n] of Object.entries(instances)) {
		const copy = path.join(path.dirname(n8n.pkgDir), 'n8n-workflow', 'package.json');
		const version = fs.existsSync(copy) ? JSON.parse(fs.readFileSync(copy, 'utf8')).version : 'none';
		stderr.write(`  ${way}: ${installedFolders(n8n).length} folders in ~/.n8n/nodes/node_modules, its own n8n-workflow: ${version}\n`);
	}
	for (const n8n of Object.values(instances)) n8n?.cleanup();
	await sim?.close();
});

/** Folders npm put into ~/.n8n/nodes/node_modules (scoped ones as @scope/name). */
function installedFolders(n8n: N8nInstance): string[] {
	const dir = path.dirname(n8n.pkgDir);
	return fs
		.readdirSync(dir)
		.filter((f) => !f.startsWith('.'))
		.flatMap((f) => (f.startsWith('@') ? fs.readdirSync(path.join(dir, f)).map((g) => `${f}/${g}`) : [f]))
		.sort();
}

describe.each(WAYS)('installed the %s way', (way) => {
	const n8n = () => {
		if (failures[way]) throw failures[way];
		return instances[way]!;
	};

	test('the node ran in a real execution: untouched panels, created and waited for', () => {
		n8n();
		const run = runs[way]!;
		expect(run.error).toBeUndefined();
		expect(run.status).toBe('success');
		for (const [node, body] of [
			['Wan Untouched', { model: 'wan2.5-text-to-video', prompt: `e2e untouched wan (${way})`, quality: '720p', aspect_ratio: '16:9' }],
			['Kling Untouched', { model: 'kling-v3-text-to-video', prompt: `e2e untouched kling (${way})`, duration: 5, quality: '720p' }],
		] as const) {
			expect(sim.requests.filter((r) => r.path === '/v1/videos/generations' && requestBody(r).prompt === body.prompt).map((r) => r.body)).toStrictEqual([body]);
			expect(items(run, node)).toEqual([expect.objectContaining({ status: 'completed', model: body.model })]);
		}
	});

	test('nothing but the package itself lands in ~/.n8n/nodes/node_modules (no copy of n8n-workflow or zod)', () => {
		const installed = installedFolders(n8n());
		expect(installed).toEqual([PACKAGE_NAME]);
		expect(fs.existsSync(path.join(n8n().pkgDir, 'node_modules'))).toBe(false);
	});

	test('inside the execution, n8n-workflow and zod resolve to n8n’s own copies', () => {
		const n8nModules = path.dirname(n8nRuntime().n8nDir); // <cache>/n8n-<version>/node_modules
		const trace = n8n().requireTrace();
		expect(Object.keys(trace)).toContain(path.join(n8n().pkgDir, 'dist/nodes/EvoLink/EvoLink.node.js'));
		const externals = [...new Set(Object.values(trace).flat())];
		const of = (name: string) => externals.filter((f) => f.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));
		const names = ['n8n-workflow', 'zod'];
		// both were required, each only from n8n's own node_modules (a list of the files that were not)
		expect(names.map((name) => of(name).length > 0)).toEqual([true, true]);
		expect(Object.fromEntries(names.map((name) => [name, of(name).filter((f) => !f.startsWith(path.join(n8nModules, name) + path.sep))]))).toEqual({
			'n8n-workflow': [],
			zod: [],
		});
		// and nothing else from outside n8n (Node's builtins are not files)
		expect(externals.filter((f) => !f.startsWith(n8nModules + path.sep))).toEqual([]);
	});
});
