#:project ../../functions/SegmentFunctions.Storage/SegmentFunctions.Storage.csproj
#:property TreatWarningsAsErrors=true
#:property PublishAot=false

// Seeds a data directory for the serving load test: N synthetic customers' feature documents in the embedded SQLite
// store, and a model bundle trained on a sample of them, published and promoted through the model registry.
// Usage: dotnet run bench/serving/seed.cs -- <data-dir> [customers]
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SegmentFunctions.Application.Registry;
using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Readiness;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Synthetic;
using SegmentFunctions.Storage.Embedded;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: seed.cs <data-dir> [customers]");
    return 2;
}

var dataDirectory = Path.GetFullPath(args[0]);
var customers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
const int TrainingSample = 5_000;
const int HorizonDays = 90;

// The paths and container AddSegmentStorage and AddSegmentModelRegistry use under SEGMENT_DATA_DIR.
using var store = new SqliteFeatureStore(Path.Combine(dataDirectory, "features.db"));
var registry = new ModelRegistry(
    new LocalFolderBlobStore(Path.Combine(dataDirectory, "blobs")),
    Options.Create(new ModelRegistryOptions()),
    async (bundle, token) => await ModelBundleSerializer.LoadAsync(bundle, token),
    TimeProvider.System,
    NullLogger<ModelRegistry>.Instance);

var shop = new SyntheticShopOptions { Customers = customers, Seed = 99, HoldoutDays = HorizonDays };
var cutoff = shop.End.AddDays(-HorizonDays);
var sampleAtEnd = new List<CustomerFeatures>(TrainingSample);
var sampleAtCutoff = new List<CustomerFeatures>(TrainingSample);
var written = 0;
var started = System.Diagnostics.Stopwatch.StartNew();
await Parallel.ForEachAsync(new SyntheticShopGenerator(shop).Customers(), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (customer, ct) =>
{
    var features = CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events);
    var result = await store.WriteAsync(features, null, ct);
    if (!result.Succeeded)
    {
        var current = await store.ReadAsync(features.CustomerId, ct);
        await store.WriteAsync(features, current?.ETag, ct);
    }

    if (customer.Truth.CustomerId.CompareTo($"c{TrainingSample:D7}") < 0)
    {
        var before = customer.Events.Where(e => e.Timestamp < cutoff).ToList();
        lock (sampleAtEnd)
        {
            sampleAtEnd.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, customer.Events));
            if (before.Count > 0)
            {
                sampleAtCutoff.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, before));
            }
        }
    }

    if (Interlocked.Increment(ref written) % 20_000 == 0)
    {
        Console.WriteLine($"{written} documents written ({started.Elapsed.TotalSeconds:F0} s)");
    }
});
Console.WriteLine($"{written} documents in {started.Elapsed.TotalSeconds:F1} s");

var options = new ModelBundleTrainingOptions { ChurnHorizonDays = HorizonDays, Restarts = 1, Readiness = new DataReadinessOptions { MinCustomers = 1_000 } };
var bundle = new ModelBundleTrainer(options).Train(new ModelBundleTrainingInput(sampleAtEnd, shop.End, sampleAtCutoff)).Bundle;
var version = ModelVersionId.New(DateTimeOffset.UtcNow);
using var zip = new MemoryStream();
await ModelBundleSerializer.SaveAsync(bundle, zip, CancellationToken.None);
zip.Position = 0;
await registry.PublishAsync(version, zip, new JsonObject { ["bundleVersion"] = bundle.Version }, CancellationToken.None);
await registry.PromoteAsync(version, "serving load test", null, CancellationToken.None);
Console.WriteLine($"Published and promoted {version}: {bundle.Segments.Count} segments, churn classifier {bundle.Churn is not null}");
return 0;
