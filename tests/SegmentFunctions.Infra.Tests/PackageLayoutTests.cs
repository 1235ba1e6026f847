using System.IO.Compression;

namespace SegmentFunctions.Infra.Tests;

/// <summary>
/// infra/package.sh builds the folder and zip the Functions host expects: host.json at the root, one folder per
/// function with its function.json, and the self-contained handler where host.json's defaultExecutablePath says.
/// </summary>
public sealed class PackageLayoutTests(PackagedFunctionApp package) : IClassFixture<PackagedFunctionApp>
{
    [Fact]
    public void Script_succeeds()
    {
        Assert.True(package.Result.ExitCode == 0, package.Result.Describe());
    }

    [Fact]
    public void Host_json_is_at_the_app_root_unchanged()
    {
        Assert.Equal(File.ReadAllText(FunctionApp.HostJsonPath), File.ReadAllText(Path.Combine(package.AppDirectory, "host.json")));
    }

    [Fact]
    public void Every_function_folder_is_copied_with_its_function_json()
    {
        var functions = FunctionApp.Functions();
        Assert.NotEmpty(functions);

        foreach (var (name, path) in functions)
        {
            var packaged = Path.Combine(package.AppDirectory, name, "function.json");
            Assert.True(File.Exists(packaged), $"{name}/function.json is missing from the package.");
            Assert.Equal(File.ReadAllText(path), File.ReadAllText(packaged));
        }
    }

    [Fact]
    public void Handler_executable_is_where_host_json_names_it()
    {
        var executable = Path.Combine(package.AppDirectory, FunctionApp.HandlerExecutablePath());

        Assert.True(File.Exists(executable), $"No handler at {executable}.");
        Assert.True((File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) != 0, $"{executable} is not executable.");
        var runtimeConfig = Path.ChangeExtension(executable, ".runtimeconfig.json");
        Assert.True(File.Exists(runtimeConfig), $"No {runtimeConfig}: the handler was not published.");
        Assert.Contains("includedFrameworks", File.ReadAllText(runtimeConfig), StringComparison.Ordinal);
    }

    [Fact]
    public void App_root_holds_only_host_json_the_function_folders_and_the_handler_folder()
    {
        var handlerFolder = FunctionApp.HandlerExecutablePath().Split('/')[0];
        var expected = FunctionApp.Functions().Select(f => f.Name).Append("host.json").Append(handlerFolder).Order(StringComparer.Ordinal);

        var actual = Directory.EnumerateFileSystemEntries(package.AppDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Zip_holds_the_same_files_and_keeps_the_handler_executable()
    {
        using var zip = ZipFile.OpenRead(package.ZipPath);
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName);
        var files = Directory.EnumerateFiles(package.AppDirectory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(package.AppDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToHashSet();

        Assert.Equal(files.Order(StringComparer.Ordinal), entries.Keys.Order(StringComparer.Ordinal));
        var handler = entries[FunctionApp.HandlerExecutablePath()];
        var unixMode = (handler.ExternalAttributes >> 16) & 0x1FF;
        Assert.True((unixMode & 0x40) != 0, $"The zip stores the handler with mode {Convert.ToString(unixMode, 8)}: not executable.");
    }

    [Fact]
    public void No_build_run_reuses_the_published_handler()
    {
        var rerun = PackagedFunctionApp.RunScript("--out", package.OutputDirectory, "--no-build");

        Assert.True(rerun.ExitCode == 0, rerun.Describe());
        Assert.True(File.Exists(Path.Combine(package.AppDirectory, FunctionApp.HandlerExecutablePath())));
        Assert.True(File.Exists(Path.Combine(package.AppDirectory, "host.json")));
    }

    [Fact]
    public void No_build_run_without_a_published_handler_fails_clearly()
    {
        var empty = Directory.CreateTempSubdirectory("segment-package-empty-");
        try
        {
            var result = PackagedFunctionApp.RunScript("--out", empty.FullName, "--no-build");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("no published handler", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void Unknown_argument_is_refused()
    {
        var result = PackagedFunctionApp.RunScript("--frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown argument '--frobnicate'", result.StandardError, StringComparison.Ordinal);
    }
}
