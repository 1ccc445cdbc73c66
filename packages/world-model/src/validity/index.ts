export { psnr, ssim } from "./image-metrics";
export { type JudgeCalibration, judgeCalibration, type ReliabilityBin } from "./judge-calibration";
export { episodeFrame, evaluateOpenLoop, type HorizonScores, type OpenLoopEpisode, type OpenLoopOptions, type OpenLoopResult, PSNR_CAP_DB } from "./open-loop";
export { type EpisodeVerdict, evaluateJudge, type JudgeAccuracy, type LabelledEpisode, scoreFrames } from "./judge-accuracy";
export { evaluateReplayedSuccess, type ReplayCounts, type ReplayedSuccess } from "./replayed-success";
