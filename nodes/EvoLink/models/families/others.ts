// OmniHuman, Topaz upscale, VideoRetalk.
import type { ModelDefinition } from '../define';

export const others: ModelDefinition[] = [];
