import { createHash } from 'crypto';

/** JSON with object keys sorted: the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object')
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
			.join(',')}}`;
	return JSON.stringify(value) ?? 'null';
}

export interface Intent {
	executionId: string;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
	/** The request body, with uploaded media named by their content (an upload's URL differs each time). */
	body: unknown;
}

/**
 * The Idempotency-Key of one paid create: the same execution, node run, item and request
 * give the same key, so a retry after a lost answer, n8n's Retry On Fail and a re-run of
 * the execution get the original task back from EvoLink's ledger instead of a second one.
 * 44 characters of [A-Za-z0-9._-] (EvoLink takes 16–96).
 */
export function idempotencyKey(intent: Intent): string {
	const material = [intent.executionId, intent.nodeId, intent.runIndex, intent.itemIndex, canonicalJson(intent.body)].join('\n');
	return `n8n-${createHash('sha256').update(material).digest('hex').slice(0, 40)}`;
}
