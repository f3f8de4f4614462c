// How one item waits: read from the panel (actions/video/wait.description.ts) per item,
// so an expression in Timeout or Poll Interval applies to its own item.
import type { ParamReader } from '../models/read';

export interface WaitSettings {
	wait: boolean;
	download: boolean;
	binaryPropertyName: string;
	timeoutMs: number;
	pollIntervalMs?: number;
}

const MAX_TIMEOUT_MINUTES = 1440;
const DEFAULT_TIMEOUT_MINUTES = 15;

/** Throws a plain Error naming the setting; callers add the item index. */
export function readWaitSettings(getParam: ParamReader, itemIndex: number, defaults: { timeoutMinutes?: number } = {}): WaitSettings {
	const wait = toBool(getParam('waitForCompletion', itemIndex, false));
	const download = wait && toBool(getParam('downloadVideo', itemIndex, false));
	const options = ((wait ? getParam('waitOptions', itemIndex, {}) : {}) ?? {}) as { timeoutMinutes?: unknown; pollIntervalSeconds?: unknown };
	// An expression can hand over anything: NaN here would make the wait loop spin.
	const minutes = Number(options.timeoutMinutes ?? defaults.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES);
	if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_TIMEOUT_MINUTES)
		throw new Error(`Timeout (Minutes) must be a number above 0 and at most ${MAX_TIMEOUT_MINUTES}, not ${JSON.stringify(options.timeoutMinutes)}`);
	const interval = Number(options.pollIntervalSeconds ?? 0);
	if (!Number.isFinite(interval) || interval < 0)
		throw new Error(`Poll Interval (Seconds) must be 0 (Auto) or more, not ${JSON.stringify(options.pollIntervalSeconds)}`);
	const binaryPropertyName = download ? String(getParam('binaryPropertyName', itemIndex, 'data') ?? '').trim() : 'data';
	if (!binaryPropertyName) throw new Error('Put Output File in Field must not be empty');
	return {
		wait,
		download,
		binaryPropertyName,
		timeoutMs: minutes * 60_000,
		pollIntervalMs: interval > 0 ? interval * 1000 : undefined,
	};
}

/** "true"/"false" from expressions and AI tools count as booleans. */
export function toBool(value: unknown): boolean {
	return value === true || value === 'true' || value === 'on';
}

/** Callback mode applies to the whole node: its first item decides. */
export function isCallbackMode(getParam: ParamReader): boolean {
	return toBool(getParam('waitForCompletion', 0, false)) && getParam('waitMode', 0, 'poll') === 'callback';
}
