// The content-addressed media cache: the pure planner and its executor.
export type {
  CachePlan,
  CachePlanInput,
  DownloadStep,
  EvictReason,
  EvictStep,
  NeededMedia,
  PartialFile,
  PresentFile,
  RefusedStep,
} from './plan-cache.js';
export { planCache } from './plan-cache.js';
export type { DownloadRequest, FetchLike, HttpBody, HttpResponse } from './download-media.js';
export { downloadMedia } from './download-media.js';
export type { CacheContents, CacheWants, FsStats, MediaCacheOptions, ReconcileReport, VerifiedMedia } from './media-cache.js';
export { MediaCache } from './media-cache.js';
export { IN_MEMORY_MEDIA_BYTES } from './fetch-to-memory.js';
