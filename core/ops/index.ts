// Signal operations: pure functions over columnar series and frames (typed arrays in, typed arrays out).
export { type Frame, checkFrame, frameFromSeries, seriesFromFrame, mapChannels } from './frame.js';
export { DEFAULT_SAMPLING_TOLERANCE, type SamplingOptions, samplingRate, checkSamplingRate } from './sampling.js';
export { type WindowName, WINDOW_NAMES, isWindowName, checkWindowName, makeWindow } from './windows.js';
export { type HalfSpectrum, rfft, rfftMagnitude } from './rfft.js';
export {
  type SpectrumOptions,
  type SeriesSpectrumOptions,
  type Spectrum,
  spectrum,
  spectrumFrequencies,
  seriesSpectrum,
  frameSpectrum,
} from './fft.js';
export {
  type FilterType,
  type Sos,
  FILTER_TYPES,
  MIN_ORDER,
  MAX_ORDER,
  butterworth,
  checkFilterSpec,
  sectionCount,
  zpkToSos,
} from './butterworth.js';
export { sosfilt, sosfiltZi, sosfiltInPlace, sosfiltRange, checkSos } from './sosfilt.js';
export { sosfiltfilt, defaultPadLength } from './sosfiltfilt.js';
export { type FilterConfig, filterValues, filterSeries } from './filter.js';
export {
  type NamedConversion,
  type UnitConversionConfig,
  type ConvertedValues,
  NAMED_CONVERSIONS,
  convertUnits,
  unitConversion,
  quantityUnit,
} from './units.js';
export {
  type ResampleMethod,
  type BucketWidth,
  RESAMPLE_METHODS,
  MAX_BUCKETS,
  resample,
  bucketGrid,
  bucketMicros,
} from './resample.js';
export { timeShift } from './timeshift.js';
export { type RollingStat, type RollingOptions, rolling, windowStarts } from './rolling.js';
export { type DerivativeMethod, type DerivativeOptions, derivative, derivativeUnit } from './derivative.js';
export { type IntegralOptions, cumulativeIntegral, integral, integralUnit } from './integral.js';
