using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Ports;
using SegmentFunctions.Application.Registry;

namespace SegmentFunctions.Storage.Tests.Registry;

/// <summary>
/// The registry on each blob store implementation. Bundles are zip files; the validator the tests plug in requires a
/// readable zip with a model.json entry, standing where the bundle deserializer will be.
/// </summary>
public abstract class ModelRegistryContract : IDisposable
{
    private const string V1 = "v20261101-120000-aaa111";
    private const string V2 = "v20261108-120000-bbb222";
    private const string V3 = "v20261115-120000-ccc333";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 15, 30, 0, TimeSpan.Zero));
    private readonly IOptions<ModelRegistryOptions> _options =
        Options.Create(new ModelRegistryOptions { Container = "m" + Guid.NewGuid().ToString("N")[..20] });

    private readonly TemporaryDirectory _directory = new();

    protected abstract IBlobStore Store { get; }

    /// <summary>A folder deleted after the test, for local blob stores.</summary>
    protected string ScratchPath => _directory.Path;

    private CancellationToken Ct => _timeout.Token;

    private ModelRegistry Registry => new(Store, _options, ValidateZipAsync, _clock, NullLogger<ModelRegistry>.Instance);

    [Fact]
    public async Task Published_versions_list_newest_first_with_their_metrics_and_bundles()
    {
        await PublishAsync(V2, auc: 0.81);
        await PublishAsync(V1, auc: 0.80);
        await PublishAsync(V3, auc: 0.82);

        var listed = await Registry.ListAsync(Ct);
        await using var bundle = await Registry.OpenBundleAsync(V2, Ct);
        using var zip = await CopyAsync(bundle);

        Assert.Equal([V3, V2, V1], listed.Select(v => v.Version));
        Assert.Equal([0.82, 0.81, 0.80], listed.Select(v => v.Metrics["auc"]!.GetValue<double>()));
        Assert.All(listed, v => Assert.True(v.BundleLength > 0));
        Assert.Equal($"model of {V2}", await ReadEntryAsync(zip));
        Assert.Null(await Registry.GetCurrentAsync(Ct));
    }

    [Fact]
    public async Task A_version_is_immutable()
    {
        await PublishAsync(V1, auc: 0.80);

        await Assert.ThrowsAsync<ModelVersionExistsException>(() => PublishAsync(V1, auc: 0.99));

        Assert.Equal(0.80, (await Registry.GetVersionAsync(V1, Ct))!.Metrics["auc"]!.GetValue<double>());
        await using var bundle = await Registry.OpenBundleAsync(V1, Ct);
        Assert.Equal($"model of {V1}", await ReadEntryAsync(await CopyAsync(bundle)));
    }

    [Fact]
    public async Task Promotions_move_the_pointer_and_rollback_promotes_the_older_version()
    {
        await PublishAsync(V1, auc: 0.80);
        await PublishAsync(V2, auc: 0.82);

        var first = await Registry.PromoteAsync(V1, "cold start", expectedCurrentETag: null, Ct);
        _clock.Advance(TimeSpan.FromDays(7));
        var second = await Registry.PromoteAsync(V2, "better AUC", first.ETag, Ct);
        _clock.Advance(TimeSpan.FromHours(2));
        var rollback = await Registry.PromoteAsync(V1, "rollback: complaints about v2", second.ETag, Ct);
        var current = await Registry.GetCurrentAsync(Ct);

        Assert.Equal(new CurrentModel(V1, null, new DateTimeOffset(2026, 11, 22, 15, 30, 0, TimeSpan.Zero), "cold start"), first.Model);
        Assert.Equal(V1, second.Model.PreviousVersion);
        Assert.Equal(V2, second.Model.Version);
        Assert.Equal(new CurrentModel(V1, V2, _clock.GetUtcNow(), "rollback: complaints about v2"), rollback.Model);
        Assert.Equal(rollback, current);
    }

    [Fact]
    public async Task Promoting_with_a_stale_etag_fails_clearly_and_changes_nothing()
    {
        await PublishAsync(V1, auc: 0.80);
        await PublishAsync(V2, auc: 0.82);
        await PublishAsync(V3, auc: 0.83);
        var read = await Registry.PromoteAsync(V1, "cold start", null, Ct);
        var winner = await Registry.PromoteAsync(V2, "run A", read.ETag, Ct);

        var error = await Assert.ThrowsAsync<ModelPromotionConflictException>(() => Registry.PromoteAsync(V3, "run B", read.ETag, Ct));

        Assert.Equal(V3, error.Version);
        Assert.Equal(winner, error.Current);
        Assert.Contains($"now serves '{V2}'", error.Message, StringComparison.Ordinal);
        Assert.Equal(winner, await Registry.GetCurrentAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_promotions_from_one_read_have_exactly_one_winner()
    {
        await PublishAsync(V1, auc: 0.80);
        await PublishAsync(V2, auc: 0.82);
        await PublishAsync(V3, auc: 0.83);
        var read = await Registry.PromoteAsync(V1, "cold start", null, Ct);

        var outcomes = await Task.WhenAll(new[] { V2, V3 }.Select(v => Task.Run(async () =>
        {
            try
            {
                return (await Registry.PromoteAsync(v, "race", read.ETag, Ct)).Model.Version;
            }
            catch (ModelPromotionConflictException)
            {
                return null;
            }
        })));

        var winner = Assert.Single(outcomes, o => o is not null);
        Assert.Equal(winner, (await Registry.GetCurrentAsync(Ct))!.Model.Version);
        Assert.Equal(V1, (await Registry.GetCurrentAsync(Ct))!.Model.PreviousVersion);
    }

    [Fact]
    public async Task A_corrupt_or_missing_bundle_is_never_promoted()
    {
        await PublishAsync(V1, auc: 0.80);
        var serving = await Registry.PromoteAsync(V1, "cold start", null, Ct);
        await Registry.PublishAsync(V2, new MemoryStream(Encoding.UTF8.GetBytes("not a zip")), Metrics(0.95), Ct);
        await PublishAsync(V3, auc: 0.90);
        await Store.DeleteAsync($"{_options.Value.Container}/{V3}/bundle.zip", Ct);

        var corrupt = await Assert.ThrowsAsync<ModelBundleInvalidException>(() => Registry.PromoteAsync(V2, "better AUC", serving.ETag, Ct));
        var missing = await Assert.ThrowsAsync<ModelBundleInvalidException>(() => Registry.PromoteAsync(V3, "better AUC", null, Ct));

        Assert.Equal(V2, corrupt.Version);
        Assert.Contains("failed validation", corrupt.Message, StringComparison.Ordinal);
        Assert.Contains("is missing", missing.Message, StringComparison.Ordinal);
        Assert.Equal(serving, await Registry.GetCurrentAsync(Ct));
    }

    [Fact]
    public async Task A_bundle_without_metrics_is_unpublished_until_published_again()
    {
        await Store.WriteAsync($"{_options.Value.Container}/{V1}/bundle.zip", new MemoryStream(Encoding.UTF8.GetBytes("half")), BlobCondition.None, Ct);

        Assert.Empty(await Registry.ListAsync(Ct));
        await Assert.ThrowsAsync<ModelVersionNotFoundException>(() => Registry.PromoteAsync(V1, "x", null, Ct));
        await Assert.ThrowsAsync<ModelVersionNotFoundException>(() => Registry.OpenBundleAsync(V1, Ct));

        await PublishAsync(V1, auc: 0.8);
        var promoted = await Registry.PromoteAsync(V1, "published after a crash", null, Ct);

        Assert.Equal(V1, promoted.Model.Version);
        Assert.Equal([V1], (await Registry.ListAsync(Ct)).Select(v => v.Version));
    }

    [Fact]
    public async Task New_version_ids_are_valid_and_sort_by_time()
    {
        var earlier = ModelVersionId.New(new DateTimeOffset(2026, 11, 22, 15, 30, 0, TimeSpan.Zero));
        var later = ModelVersionId.New(new DateTimeOffset(2026, 11, 22, 15, 30, 1, TimeSpan.Zero));

        Assert.StartsWith("v20261122-153000-", earlier, StringComparison.Ordinal);
        Assert.True(ModelVersionId.IsValid(earlier));
        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.PromoteAsync("../current", "x", null, Ct));
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task PublishAsync(string version, double auc)
    {
        using var bundle = new MemoryStream();
        using (var zip = new ZipArchive(bundle, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = zip.CreateEntry("model.json").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes($"model of {version}"), Ct);
        }

        bundle.Position = 0;
        await Registry.PublishAsync(version, bundle, Metrics(auc), Ct);
    }

    private static JsonObject Metrics(double auc) => new() { ["auc"] = auc, ["segments"] = new JsonArray(400, 350, 250) };

    private static async Task ValidateZipAsync(Stream bundle, CancellationToken cancellationToken)
    {
        using var copy = await CopyAsync(bundle);
        using var zip = new ZipArchive(copy, ZipArchiveMode.Read);
        _ = zip.GetEntry("model.json") ?? throw new InvalidDataException("The bundle has no model.json.");
        await Task.CompletedTask.WaitAsync(cancellationToken);
    }

    private static async Task<MemoryStream> CopyAsync(Stream stream)
    {
        var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        copy.Position = 0;
        return copy;
    }

    private static async Task<string> ReadEntryAsync(MemoryStream zipBytes)
    {
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("model.json")!.Open());
        return await reader.ReadToEndAsync();
    }
}
