// Google Veo 3.1.
import type { ModelDefinition } from '../define';

export const veo: ModelDefinition[] = [];
