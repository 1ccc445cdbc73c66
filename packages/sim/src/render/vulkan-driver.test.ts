import { describe, expect, it } from "vitest";
import { findVulkanDriver } from "./vulkan-driver";

describe("findVulkanDriver", () => {
  it("explains how to install a driver when none exists", () => {
    const call = () => findVulkanDriver({}, { existsSync: () => false });
    expect(call).toThrow(/apt-get install chromium/);
    expect(call).toThrow(/npm run setup/);
    expect(call).toThrow(/\/usr\/lib\/chromium\/vk_swiftshader_icd\.json/);
    expect(call).toThrow(/nvidia_icd\.json/);
  });

  it("prefers the user's VK_ICD_FILENAMES, then NVIDIA, then SwiftShader", () => {
    const all = () => true;
    expect(findVulkanDriver({ VK_ICD_FILENAMES: "/x.json" }, { existsSync: all })).toEqual({ icdPath: "/x.json", kind: "env" });
    expect(findVulkanDriver({ VK_DRIVER_FILES: "/y.json" }, { existsSync: all }).kind).toBe("env");
    expect(findVulkanDriver({}, { existsSync: all }).kind).toBe("nvidia");
    const onlySwiftShader = (p: string) => p.includes("swiftshader");
    expect(findVulkanDriver({}, { existsSync: onlySwiftShader })).toEqual({
      icdPath: "/usr/lib/chromium/vk_swiftshader_icd.json",
      kind: "swiftshader",
    });
  });

  it("uses injected search paths", () => {
    const d = findVulkanDriver({}, { existsSync: (p) => p === "/opt/icd.json", nvidiaPaths: [], swiftshaderPaths: ["/opt/icd.json"] });
    expect(d).toEqual({ icdPath: "/opt/icd.json", kind: "swiftshader" });
  });
});
