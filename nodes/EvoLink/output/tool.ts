// The node as an AI agent's tool: n8n hands the agent only an error's message, so the
// advice (the description) goes into the message itself.
import type { IExecuteFunctions } from 'n8n-workflow';

import { asNodeError } from './errors';

/** n8n runs a node as a tool under the type name "<type>Tool". */
export function isTool(ctx: Pick<IExecuteFunctions, 'getNode'>): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** Runs `fn`; as a tool, an error comes out with its description folded into the message. */
export async function forAgent<T>(ctx: IExecuteFunctions, fn: () => T | Promise<T>): Promise<T> {
	try {
		return await fn();
	} catch (error) {
		const nodeError = asNodeError(ctx.getNode(), error);
		if (!isTool(ctx)) throw nodeError;
		const description = typeof nodeError.description === 'string' ? nodeError.description.trim() : '';
		const message = nodeError.message.trim();
		// A description that already repeats the message (e.g. "Wan 2.5 Text to Video: <every issue>. Nothing was sent…") replaces it.
		if (description && !message.includes(description))
			nodeError.message = description.includes(message) ? description : `${message.replace(/\.$/, '')}. ${description}`;
		throw nodeError;
	}
}
