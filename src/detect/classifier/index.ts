export { ClassifierDetector, CLASSIFIER_DETECTOR, type ClassifierOptions } from './classifier-detector.js';
export { predict, topContributions, MODEL_LABELS, type Prediction, type ViolenceModel } from './model.js';
export { loadModel, loadShippedModel, parseModel, serializeModel, SHIPPED_MODEL_PATH, SHIPPED_MODEL_VERSION } from './model-file.js';
export { isDevPost } from './split.js';
