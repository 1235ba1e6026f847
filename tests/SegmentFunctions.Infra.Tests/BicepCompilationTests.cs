using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>Every Bicep file under infra/ compiles and passes the linter with no error and no warning.</summary>
public sealed class BicepCompilationTests
{
    private const string Pattern = "infra/**/*.bicep";

    [Fact]
    public void Infra_holds_the_main_template_and_its_modules()
    {
        var files = BicepCli.BicepFiles();

        Assert.Contains(Path.Combine("infra", "main.bicep"), files);
        foreach (var module in new[] { "identity", "monitoring", "storage", "eventhubs", "cosmos", "functionapp" })
        {
            Assert.Contains(Path.Combine("infra", "modules", module + ".bicep"), files);
        }
    }

    [Fact]
    public void Every_bicep_file_builds_without_diagnostics()
    {
        var outDir = Directory.CreateTempSubdirectory("bicep-build-");
        try
        {
            var result = BicepCli.Run("build", "--pattern", Pattern, "--outdir", outDir.FullName);

            Assert.True(result.ExitCode == 0, result.Describe());
            Assert.True(string.IsNullOrWhiteSpace(result.StandardError), $"Diagnostics:\n{result.StandardError}");
            foreach (var file in BicepCli.BicepFiles())
            {
                var relative = Path.GetRelativePath("infra", Path.ChangeExtension(file, ".json"));
                var compiled = Path.Combine(outDir.FullName, relative);
                Assert.True(File.Exists(compiled), $"{file} produced no ARM template at {compiled}.");
                Assert.Contains("\"$schema\"", File.ReadAllText(compiled), StringComparison.Ordinal);
            }
        }
        finally
        {
            outDir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_bicep_file_lints_without_diagnostics()
    {
        var result = BicepCli.Run("lint", "--pattern", Pattern);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.True(string.IsNullOrWhiteSpace(result.StandardError), $"Diagnostics:\n{result.StandardError}");
    }

    [Fact]
    public void Parameters_file_lints_without_diagnostics()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, CompiledMainTemplate.ParametersFile)));

        var result = BicepCli.Lint(CompiledMainTemplate.ParametersFile);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.True(string.IsNullOrWhiteSpace(result.StandardError), $"Diagnostics:\n{result.StandardError}");
    }
}
