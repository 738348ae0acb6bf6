export { normalize, originalSpan, type NormalizedText } from './normalize.js';
