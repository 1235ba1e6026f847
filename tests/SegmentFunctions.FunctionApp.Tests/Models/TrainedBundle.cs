using SegmentFunctions.Application.Training;
using SegmentFunctions.Domain.Features;
using SegmentFunctions.Domain.Scoring;
using SegmentFunctions.Domain.Synthetic;

namespace SegmentFunctions.FunctionApp.Tests.Models;

/// <summary>
/// A real bundle (segmentation and lifetime models, no classifier) trained once on a small seeded synthetic shop, as
/// bytes: promotions load it with the serializer the function app registers, so only a loadable bundle can be promoted.
/// </summary>
public sealed class TrainedBundle
{
    public TrainedBundle()
    {
        var options = new SyntheticShopOptions { Customers = 600, Seed = 5 };
        var documents = new List<CustomerFeatures>();
        foreach (var customer in new SyntheticShopGenerator(options).Customers())
        {
            var events = customer.Events.Where(e => e.Timestamp < options.End).ToList();
            if (events.Count > 0)
            {
                documents.Add(CustomerFeaturesFolder.Fold(customer.Truth.CustomerId, events));
            }
        }

        var result = new ModelBundleTrainer(new ModelBundleTrainingOptions { Restarts = 1, Seed = 3 })
            .Train(new ModelBundleTrainingInput(documents, options.End));
        using var bytes = new MemoryStream();
        ModelBundleSerializer.SaveAsync(result.Bundle, bytes, CancellationToken.None).GetAwaiter().GetResult();
        Bytes = bytes.ToArray();
    }

    public byte[] Bytes { get; }
}
