// Gemini Omni.
import type { ModelDefinition } from '../define';

export const gemini: ModelDefinition[] = [];
