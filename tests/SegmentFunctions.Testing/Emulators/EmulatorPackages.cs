using System.Diagnostics;
using System.Security.Cryptography;

namespace SegmentFunctions.Testing.Emulators;

/// <summary>
/// Installs infra/emulators/node_modules with `npm ci` when it is missing or older than package-lock.json. Several test
/// assemblies may start at once, so the install runs under a cross-process lock file and is recorded by a marker that
/// holds the lockfile's hash.
/// </summary>
public static class EmulatorPackages
{
    public static string Directory => Path.Combine(RepositoryPaths.Root, "infra", "emulators");

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        var lockfileHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Directory, "package-lock.json"), cancellationToken)));
        var marker = Path.Combine(Directory, "node_modules", ".segment-installed");
        if (IsCurrent(marker, lockfileHash))
        {
            return;
        }

        await using var held = await AcquireLockAsync(Path.Combine(Directory, ".npm-ci.lock"), cancellationToken);
        if (IsCurrent(marker, lockfileHash))
        {
            return;
        }

        await RunNpmCiAsync(cancellationToken);
        await File.WriteAllTextAsync(marker, lockfileHash, cancellationToken);
    }

    private static bool IsCurrent(string marker, string hash) =>
        File.Exists(marker) && string.Equals(File.ReadAllText(marker).Trim(), hash, StringComparison.Ordinal);

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
    }

    private static async Task RunNpmCiAsync(CancellationToken cancellationToken)
    {
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo("cmd.exe", "/c npm ci --no-audit --no-fund")
            : new ProcessStartInfo("npm", "ci --no-audit --no-fund");
        start.WorkingDirectory = Directory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var npm = Process.Start(start)
            ?? throw new InvalidOperationException("Could not start npm; Node.js 20+ with npm must be on PATH.");
        var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = npm.StandardError.ReadToEndAsync(cancellationToken);
        await npm.WaitForExitAsync(cancellationToken);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`npm ci` in {Directory} failed with exit code {npm.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}
