// Media inputs from n8n binary data: checked against the model's limits, then uploaded to
// EvoLink's Files API, whose URL goes into the request.
import { createHash } from 'crypto';
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import type { MediaField, Values } from '../models/fields';
import type { MediaValue } from '../models/schema';
import { uploadFile } from '../transport/files';

/** The Files API takes 1 byte to 100 MB (platform §9). */
const FILES_API_MAX_MB = 100;

export interface BinaryInput {
	field: MediaField;
	/** Binary field names of the input item, in order. */
	names: string[];
}

/** Media fields of these values that come from binary data. */
export function binaryInputs(fields: MediaField[], values: Values): BinaryInput[] {
	return fields
		.filter((f) => (values[f.param] as MediaValue | undefined)?.source === 'binary')
		.map((f) => ({ field: f, names: (values[f.param] as { fields: string[] }).fields }));
}

const mb = (bytes: number) => Math.round((bytes / 1_048_576) * 10) / 10;

/** Why this file does not fit the field, or undefined. */
export function checkBinary(field: MediaField, name: string, binary: IBinaryData, bytes: number): string | undefined {
	const type = (binary.mimeType ?? '').toLowerCase().split(';')[0].trim();
	const allowed = field.mimeTypes ?? [];
	const label = `${field.displayName}: binary field "${name}" (${binary.fileName ?? 'file'}, ${type || 'unknown type'})`;
	if (!type.startsWith(`${field.kind}/`) || (allowed.length > 0 && !allowed.includes(type)))
		return `${label} is not an accepted ${field.kind}; use ${allowed.map((m) => m.split('/')[1].toUpperCase()).join(', ') || field.kind}`;
	const limit = Math.min(field.maxMb ?? FILES_API_MAX_MB, FILES_API_MAX_MB);
	if (bytes > limit * 1_048_576) return `${label} is ${mb(bytes)} MB; at most ${limit} MB is allowed`;
	if (bytes === 0) return `${label} is empty`;
	return undefined;
}

/** The data's length; before reading it, the size n8n recorded (exact in `bytes`, else its rounded fileSize text). */
function sizeOf(binary: IBinaryData, data?: Buffer): number {
	if (data) return data.length;
	if (typeof binary.bytes === 'number') return binary.bytes;
	// n8n writes fileSize with pretty-bytes: powers of 1000 ("10.4 MB" is 10,400,000 bytes).
	const text = String(binary.fileSize ?? '');
	const declared = Number(text.replace(/[^0-9.]/g, ''));
	const unit = /gb/i.test(text) ? 1e9 : /mb/i.test(text) ? 1e6 : /kb/i.test(text) ? 1e3 : 1;
	return Number.isFinite(declared) ? declared * unit : 0;
}

export interface PreparedFile {
	field: MediaField;
	name: string;
	binary: IBinaryData;
	data: Buffer;
	/** sha256 of the content: what the idempotency key remembers instead of the upload URL. */
	hash: string;
}

/** Reads and checks every binary input of one item; throws a message naming the first problem. */
export async function readBinaryInputs(ctx: IExecuteFunctions, itemIndex: number, inputs: BinaryInput[]): Promise<PreparedFile[]> {
	const files: PreparedFile[] = [];
	for (const { field, names } of inputs) {
		for (const name of names) {
			const binary = ctx.getInputData()[itemIndex]?.binary?.[name];
			if (!binary)
				throw new Error(`${field.displayName}: the input item has no binary field "${name}" (it has: ${Object.keys(ctx.getInputData()[itemIndex]?.binary ?? {}).join(', ') || 'none'})`);
			const early = checkBinary(field, name, binary, sizeOf(binary));
			if (early) throw new Error(early);
			const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, name);
			const problem = checkBinary(field, name, binary, sizeOf(binary, data));
			if (problem) throw new Error(problem);
			files.push({ field, name, binary, data, hash: createHash('sha256').update(data).digest('hex') });
		}
	}
	return files;
}

/**
 * Uploads made lately by this process, per execution and node: n8n's Retry On Fail runs
 * the node again in the same process, and must send the very same URL so that EvoLink's
 * ledger sees the same request (a new upload would be a new URL: a conflicting request).
 */
const recent = new Map<string, { url: Promise<string>; at: number }>();
const RECENT_TTL_MS = 3_600_000;

/** Uploads (free, kept 72 h): each content once per execution and node. */
export class Uploads {
	count = 0;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly filesUrl: string,
		/** e.g. "<execution id>/<node id>" */
		private readonly scope: string,
	) {}

	async url(file: PreparedFile): Promise<string> {
		const now = Date.now();
		for (const [k, v] of recent) if (now - v.at > RECENT_TTL_MS) recent.delete(k);
		const key = `${this.scope}/${file.hash}`;
		let entry = recent.get(key);
		if (!entry) {
			this.count++;
			const ext = (file.binary.fileExtension ?? file.binary.mimeType.split('/')[1] ?? 'bin').replace(/[^a-z0-9]/gi, '');
			const fileName = (file.binary.fileName ?? `${file.field.kind}.${ext}`).replace(/[\\/]/g, '_').slice(0, 255);
			const url = uploadFile(this.ctx, this.filesUrl, { data: file.data, fileName, mimeType: file.binary.mimeType }).then((f) => f.file_url);
			entry = { url, at: now };
			recent.set(key, entry);
			url.catch(() => recent.delete(key));
		}
		return await entry.url;
	}
}
