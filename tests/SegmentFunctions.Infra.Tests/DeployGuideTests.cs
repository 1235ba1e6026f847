using System.Text.RegularExpressions;
using SegmentFunctions.Testing;

namespace SegmentFunctions.Infra.Tests;

/// <summary>docs/deploy.md names only parameters and outputs that main.bicep has, and the files it tells to run exist.</summary>
public sealed partial class DeployGuideTests(CompiledMainTemplate main) : IClassFixture<CompiledMainTemplate>
{
    private static readonly string Guide = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "deploy.md"));

    [Fact]
    public void Outputs_the_guide_reads_exist()
    {
        var used = OutputCall().Matches(Guide).Select(m => m.Groups["name"].Value).Distinct().ToList();

        Assert.NotEmpty(used);
        Assert.All(used, name => Assert.True(main.OutputNames.Contains(name), $"docs/deploy.md reads output '{name}', which main.bicep does not have."));
    }

    [Fact]
    public void Parameters_the_guide_names_exist()
    {
        var named = ParameterRow().Matches(Guide).SelectMany(m => m.Groups["names"].Value.Split(", "))
            .Select(n => n.Trim('`'))
            .Concat(ParameterAssignment().Matches(Guide).Select(m => m.Groups["name"].Value))
            .Distinct()
            .ToList();

        Assert.Contains("eventHubPartitionCount", named);
        Assert.All(named, name => Assert.True(main.ParameterNames.Contains(name), $"docs/deploy.md names parameter '{name}', which main.bicep does not have."));
    }

    [Theory]
    [InlineData("infra/main.bicep")]
    [InlineData("infra/main.bicepparam")]
    [InlineData("infra/package.sh")]
    [InlineData("infra/settings.json")]
    public void Files_the_guide_uses_exist(string path)
    {
        Assert.Contains(path, Guide, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, path)), $"{path} does not exist.");
    }

    [GeneratedRegex(@"\boutput (?<name>[A-Za-z]+)\b")]
    private static partial Regex OutputCall();

    // Rows of the parameter table: | `name` | or | `a`, `b` |
    [GeneratedRegex(@"^\| (?<names>`[A-Za-z]+`(, `[A-Za-z]+`)*) \|", RegexOptions.Multiline)]
    private static partial Regex ParameterRow();

    [GeneratedRegex(@"--parameters (?<name>[A-Za-z]+)=")]
    private static partial Regex ParameterAssignment();
}
