export {
  parseCpu,
  parseMemory,
  priceChanges,
  regionPrices,
  revisionCost,
  RIGHT_SIZE_CEILING,
  rightSize,
  signedUsd,
  spotShare,
  taskHourPrice,
  taskShape,
  usd,
  type TaskShape,
} from './cost.js';
export { FARGATE_PRICES, type PriceTable, type RegionPrices } from './prices.js';
export { releaseCost, type ReleaseCostInput } from './release.js';
export { allSizes, FARGATE_SIZES, isValidSize, sizeLabel, type TaskSize } from './sizes.js';
export { fetchUsage, metricDimensions, MIN_HOURS, type Usage, type UsageRequest } from './usage.js';
