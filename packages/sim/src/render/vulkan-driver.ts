import { existsSync as nodeExistsSync } from "node:fs";

/** Which Vulkan ICD (driver manifest) Dawn should load, and why it was chosen. */
export interface VulkanDriver {
  icdPath: string;
  kind: "env" | "nvidia" | "swiftshader" | "system";
}

/** Where findVulkanDriver looks; injectable so tests can simulate a bare machine. */
export interface VulkanSearchOptions {
  existsSync?: (path: string) => boolean;
  nvidiaPaths?: readonly string[];
  swiftshaderPaths?: readonly string[];
  systemPaths?: readonly string[];
}

/** NVIDIA's proprietary driver installs one of these (the last is the NVIDIA container toolkit's). */
export const NVIDIA_ICD_PATHS: readonly string[] = [
  "/usr/share/vulkan/icd.d/nvidia_icd.json",
  "/etc/vulkan/icd.d/nvidia_icd.json",
  "/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json",
];

/** Debian/Ubuntu `chromium` ships SwiftShader, a deterministic CPU Vulkan driver. */
export const SWIFTSHADER_ICD_PATHS: readonly string[] = ["/usr/lib/chromium/vk_swiftshader_icd.json"];

/**
 * Last resort: other system ICDs. Lavapipe from Debian 12 is deliberately not listed:
 * Dawn gets no adapter from it (see PLATFORM-NOTES), so picking it would only move the failure.
 */
export const SYSTEM_ICD_PATHS: readonly string[] = [
  "/usr/share/vulkan/icd.d/radeon_icd.x86_64.json",
  "/usr/share/vulkan/icd.d/intel_icd.x86_64.json",
];

/** Pick the Vulkan driver for Dawn: user's VK_ICD_FILENAMES/VK_DRIVER_FILES, then NVIDIA, then SwiftShader, then others. */
export function findVulkanDriver(
  env: NodeJS.ProcessEnv = process.env,
  opts: VulkanSearchOptions = {},
): VulkanDriver {
  const exists = opts.existsSync ?? nodeExistsSync;
  const explicit = env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES;
  // Trust the user's choice even if we cannot stat it: it may be a path list the loader understands.
  if (explicit) return { icdPath: explicit, kind: "env" };

  const groups: Array<[VulkanDriver["kind"], readonly string[]]> = [
    ["nvidia", opts.nvidiaPaths ?? NVIDIA_ICD_PATHS],
    ["swiftshader", opts.swiftshaderPaths ?? SWIFTSHADER_ICD_PATHS],
    ["system", opts.systemPaths ?? SYSTEM_ICD_PATHS],
  ];
  const looked: string[] = [];
  for (const [kind, paths] of groups) {
    for (const icdPath of paths) {
      looked.push(icdPath);
      if (exists(icdPath)) return { icdPath, kind };
    }
  }
  throw new Error(
    [
      "No usable Vulkan driver found for WebGPU rendering in Node.",
      "Install one with `sudo apt-get install chromium` (it provides the SwiftShader CPU Vulkan driver",
      "at /usr/lib/chromium/vk_swiftshader_icd.json), or run `npm run setup`.",
      "Alternatively set VK_ICD_FILENAMES to a Vulkan ICD json.",
      `Looked at: ${looked.join(", ")}`,
    ].join("\n"),
  );
}
