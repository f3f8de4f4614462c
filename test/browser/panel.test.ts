// The model-dependent panel, seen in a real browser: the n8n editor as `npm run dev`
// starts it (packed package, simulator credential, owner), driven with Debian's
// chromium through playwright-core. A user adds EvoLink → Generate a video through
// the node creator, and the node details view (NDV) shows, for each model, exactly
// that model's fields; wan2.5's Aspect Ratio offers 4:3 / 3:4 only at 720p and 1080p.
// Screenshots (one per model, and the states checked) go to test-output/browser/.
import { REPO } from '../e2e/harness';
import { fs, path, stderr } from '../support/host';
import { CREDENTIAL_NAME, startEditor, type Editor } from './editor';
import {
	addEvoLinkGenerateVideo,
	CHROMIUM,
	closeOptions,
	modelFields,
	openBrowser,
	openOptions,
	optionLabels,
	optionsOf,
	parameterLabels,
	pick,
	screenshot,
	setSwitch,
	shownValue,
	signIn,
	type AddedNode,
	type Session,
} from './ui';

const OUT = path.join(REPO, 'test-output/browser');
const WAN = 'Wan 2.5 Text to Video';
const KLING = 'Kling v3 Text to Video';

// each model's own fields, in panel order (between Model and Wait for Completion)
const WAN_FIELDS = ['Prompt', 'Quality', 'Aspect Ratio', 'Duration (Seconds)', 'Prompt Extend', 'Callback URL'];
const KLING_FIELDS = [
	'Prompt',
	'Negative Prompt',
	'Duration (Seconds)',
	'Aspect Ratio',
	'Quality',
	'Sound',
	'Multi-Shot',
	'Watermark',
	'Callback URL',
];
const BASE_RATIOS = ['16:9 (Landscape)', '9:16 (Portrait)', '1:1 (Square)'];

let editor: Editor | undefined;
let session: Session | undefined;
let added: AddedNode;
const timings: Record<string, number> = {};

/** Runs a step; on failure saves a screenshot named after it and adds n8n's log tail for a boot failure. */
async function step<T>(name: string, fn: () => Promise<T>): Promise<T> {
	const t0 = Date.now();
	let done = false;
	try {
		const result = await fn();
		done = true;
		return result;
	} finally {
		// failed: the screenshot, then the error goes on
		if (!done && session) await session.page.screenshot({ path: path.join(OUT, `FAILED-${name}.png`) }).catch(() => {});
		timings[name] = Date.now() - t0;
	}
}

function page() {
	if (!session) throw new Error('no browser session (see beforeAll)');
	return session.page;
}

beforeAll(async () => {
	fs.mkdirSync(OUT, { recursive: true });
	for (const f of fs.readdirSync(OUT)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT, f));
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run bash scripts/setup-browser.sh`);
	editor = await step('boot-n8n', startEditor);
	session = await step('launch-browser', () => openBrowser(new URL(editor!.url).origin));
	await step('sign-in', () => signIn(page(), editor!.url, editor!.owner));
	added = await step('add-node', () => addEvoLinkGenerateVideo(page(), editor!.url));
}, 15 * 60_000); // the first run ever installs n8n (scripts/setup-n8n.sh, ~5 min)

afterAll(async () => {
	await session?.close();
	await editor?.stop();
	const t = Object.entries(timings).map(([k, ms]) => `${k} ${(ms / 1000).toFixed(1)}s`);
	stderr.write(`[browser] ${t.join(', ')}; screenshots in ${path.relative(REPO, OUT)}/\n`);
}, 60_000);

test('searching "EvoLink" in the "What happens next?" panel finds the node', () => {
	if (!added.foundInMainSearch)
		throw new Error(
			'The node creator search does not list EvoLink (it was added through the "AI" category instead).\n' +
				'n8n 2.41 drops nodes of codex category "AI" from that search unless their AI subcategories include "Root Nodes"\n' +
				'(nodes/EvoLink/EvoLink.node.json: "subcategories": { "AI": ["Agents", "Miscellaneous", "Root Nodes"] }).\n' +
				`Panel showed: ${added.mainSearchResult}`,
		);
});

test('the new node: simulator credential selected, Video → Generate Video, Model offers the two models', async () => {
	await step('new-node', async () => {
		const ndv = page().getByTestId('ndv');
		expect(await ndv.getByTestId('node-credentials-select').locator('input').inputValue()).toBe(CREDENTIAL_NAME);
		expect(await shownValue(page(), 'resource')).toBe('Video');
		expect(await shownValue(page(), 'operation')).toBe('Generate Video');
		expect(await shownValue(page(), 'model')).toBe(WAN);
		expect(await optionsOf(page(), 'model')).toEqual([WAN, KLING]);
		expect((await parameterLabels(page())).slice(0, 3)).toEqual(['Resource', 'Operation', 'Model']);
	});
}, 60_000);

test('wan2.5 shows exactly its fields', async () => {
	await step('wan25-fields', async () => {
		await pick(page(), 'model', WAN);
		const labels = await parameterLabels(page());
		expect(modelFields(labels)).toEqual(WAN_FIELDS);
		for (const other of ['Negative Prompt', 'Sound', 'Multi-Shot', 'Shot Type', 'Shots', 'Watermark']) expect(labels).not.toContain(other);
		expect(await optionsOf(page(), 'quality')).toEqual(['480p', '720p', '1080p']);
		expect(await optionsOf(page(), 'duration')).toEqual(['5', '10']);
		await screenshot(page(), path.join(OUT, 'wan2.5-text-to-video.png'));
	});
}, 60_000);

test('wan2.5: Aspect Ratio offers 4:3 and 3:4 at 720p and 1080p, not at 480p', async () => {
	await step('wan25-aspect-ratio', async () => {
		await pick(page(), 'model', WAN);
		await pick(page(), 'quality', '720p');
		// the 720p list, open, in the picture
		const list = await openOptions(page(), 'aspectRatio');
		expect(await optionLabels(list)).toEqual([...BASE_RATIOS, '4:3', '3:4']);
		await page().screenshot({ path: path.join(OUT, 'wan2.5-aspect-ratio-720p.png') });
		await closeOptions(page(), 'aspectRatio', list);

		await pick(page(), 'quality', '480p');
		const at480 = await optionsOf(page(), 'aspectRatio');
		expect(at480).toEqual(BASE_RATIOS);
		expect(at480).not.toContain('4:3');
		expect(modelFields(await parameterLabels(page()))).toEqual(WAN_FIELDS); // still one Aspect Ratio

		await pick(page(), 'quality', '1080p');
		expect(await optionsOf(page(), 'aspectRatio')).toEqual([...BASE_RATIOS, '4:3', '3:4']);
		await pick(page(), 'quality', '720p');
	});
}, 60_000);

test('kling-v3 shows exactly its fields; Multi-Shot → Shot Type → Shots', async () => {
	await step('kling-v3-fields', async () => {
		await pick(page(), 'model', KLING);
		let labels = await parameterLabels(page());
		expect(modelFields(labels)).toEqual(KLING_FIELDS);
		expect(labels).not.toContain('Prompt Extend');
		expect(await optionsOf(page(), 'quality')).toEqual(['720p (Standard)', '1080p (Pro)']);
		expect(await optionsOf(page(), 'aspectRatio')).toEqual(BASE_RATIOS);
		await screenshot(page(), path.join(OUT, 'kling-v3-text-to-video.png'));

		await setSwitch(page(), 'multiShot', true);
		labels = await parameterLabels(page());
		expect(modelFields(labels)).toEqual(['Prompt', 'Negative Prompt', 'Duration (Seconds)', 'Aspect Ratio', 'Quality', 'Sound', 'Multi-Shot', 'Shot Type', 'Watermark', 'Callback URL']);
		expect(await optionsOf(page(), 'shotType')).toEqual(['Automatic', 'Custom Shots']);

		await pick(page(), 'shotType', 'Custom Shots');
		expect(modelFields(await parameterLabels(page()))).toEqual([
			'Prompt',
			'Negative Prompt',
			'Duration (Seconds)',
			'Aspect Ratio',
			'Quality',
			'Sound',
			'Multi-Shot',
			'Shot Type',
			'Shots',
			'Watermark',
			'Callback URL',
		]);
		await screenshot(page(), path.join(OUT, 'kling-v3-multi-shot-custom.png'));

		await setSwitch(page(), 'multiShot', false);
		expect(modelFields(await parameterLabels(page()))).toEqual(KLING_FIELDS);
	});
}, 60_000);

test('switching back to wan2.5 drops kling-v3 fields', async () => {
	await step('back-to-wan25', async () => {
		await pick(page(), 'model', KLING);
		await pick(page(), 'model', WAN);
		const labels = await parameterLabels(page());
		expect(modelFields(labels)).toEqual(WAN_FIELDS);
		for (const other of ['Negative Prompt', 'Sound', 'Multi-Shot', 'Watermark']) expect(labels).not.toContain(other);
	});
}, 60_000);
