import Foundation
import PackagePlugin

/// Embeds every file under a target's `Resources` folder in the target's code (as base64 string
/// literals, which compile in a moment where byte-array literals take minutes), so the built
/// binary carries its catalogs, translations and stylesheet wherever it is copied.
@main
struct EmbedResources: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let root = target.directoryURL.appendingPathComponent("Resources", isDirectory: true)
        var files: [URL] = []
        if let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walk where (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true {
                files.append(url)
            }
        }
        files.sort { $0.path < $1.path }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("EmbeddedFiles.swift")
        return [.buildCommand(displayName: "Embedding \(files.count) resource files in \(target.name)",
                              executable: try context.tool(named: "EmbedResourcesTool").url,
                              arguments: [output.path, root.path] + files.map(\.path),
                              inputFiles: files, outputFiles: [output])]
    }
}
