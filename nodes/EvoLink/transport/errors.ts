import type { ApiErrorBody } from './types';

/**
 * A failed EvoLink call, before it is turned into an n8n error. Keeps what retry logic
 * needs (HTTP status, EvoLink's error code, Retry-After, network error code) and
 * EvoLink's message. Never holds request headers, so the API key cannot leak through it.
 */
export class EvoLinkRequestError extends Error {
	constructor(
		message: string,
		readonly httpCode?: number,
		readonly body?: ApiErrorBody,
		readonly retryAfterMs?: number,
		/** Node network error code, e.g. ECONNREFUSED, ECONNRESET, ETIMEDOUT; ABORTED for a cancel. */
		readonly networkCode?: string,
		/** The system's own words for a network failure, e.g. "connect ECONNREFUSED 127.0.0.1:9". */
		readonly detail?: string,
	) {
		super(message);
		this.name = 'EvoLinkRequestError';
	}

	/** EvoLink's business code (`error.code`), e.g. "idempotency_conflict"; numeric codes as text. */
	get code(): string | undefined {
		const code = this.body?.error?.code;
		return code === undefined ? undefined : String(code);
	}

	/** The server certainly did not accept the request: safe to retry even a paid create without a ledger. */
	get notAccepted(): boolean {
		return this.httpCode === 429 || this.networkCode === 'ECONNREFUSED';
	}

	/** The request may have reached EvoLink and done its work (timeout, dropped answer, 5xx). */
	get ambiguous(): boolean {
		if (this.notAccepted) return false;
		if (this.networkCode) return this.networkCode !== 'ABORTED';
		return this.httpCode !== undefined && this.httpCode >= 500;
	}

	/** Worth retrying for a read (a task query). */
	get transient(): boolean {
		if (this.networkCode) return this.networkCode !== 'ABORTED';
		return this.httpCode === 429 || (this.httpCode !== undefined && this.httpCode >= 500);
	}

	get aborted(): boolean {
		return this.networkCode === 'ABORTED';
	}
}
