using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Domain.Serialization;

/// <summary>
/// A feature document as two JSON parts, for a store that keeps them apart: the features (what the models read, about
/// a tenth of a document's bytes) and the processing state (de-duplication bookkeeping that only ingestion reads), so
/// that a serving read touches the small part alone. Both are in the domain shape: the features part is the document
/// without its <see cref="CustomerFeatures.Processing"/> property, the processing part is that property's value.
/// </summary>
public static class FeatureDocumentParts
{
    /// <summary><see cref="DomainJsonContext"/>'s contract for the document, less the processing property.</summary>
    private static readonly JsonTypeInfo<CustomerFeatures> FeaturesOnly = CreateFeaturesOnly();

    /// <summary>The options that write the features part: a feature document answered by the API has this shape.</summary>
    public static JsonSerializerOptions FeaturesPartOptions => FeaturesOnly.Options;

    public static byte[] EncodeFeatures(CustomerFeatures features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return JsonSerializer.SerializeToUtf8Bytes(features, FeaturesOnly);
    }

    public static byte[] EncodeProcessing(ProcessingState processing)
    {
        ArgumentNullException.ThrowIfNull(processing);
        return JsonSerializer.SerializeToUtf8Bytes(processing, DomainJsonContext.Default.ProcessingState);
    }

    /// <summary>
    /// The document from its features part alone, with an empty processing state: for reading and scoring only, never
    /// to be written back (the next write would forget which events were applied).
    /// </summary>
    /// <exception cref="JsonException">The bytes are not a JSON object in the domain shape.</exception>
    /// <exception cref="InvalidDataException">The part is the JSON literal null.</exception>
    public static CustomerFeatures DecodeFeatures(ReadOnlySpan<byte> features) =>
        JsonSerializer.Deserialize(features, DomainJsonContext.Default.CustomerFeatures)
        ?? throw new InvalidDataException("A stored feature document is the JSON literal null.");

    /// <summary>The whole document from both parts.</summary>
    /// <exception cref="JsonException">A part is not JSON in the domain shape.</exception>
    /// <exception cref="InvalidDataException">A part is the JSON literal null.</exception>
    public static CustomerFeatures Decode(ReadOnlySpan<byte> features, ReadOnlySpan<byte> processing)
    {
        var document = DecodeFeatures(features);
        document.Processing = JsonSerializer.Deserialize(processing, DomainJsonContext.Default.ProcessingState)
            ?? throw new InvalidDataException($"The processing state of feature document '{document.CustomerId}' is the JSON literal null.");
        return document;
    }

    private static JsonTypeInfo<CustomerFeatures> CreateFeaturesOnly()
    {
        var options = new JsonSerializerOptions(DomainJsonContext.Default.Options)
        {
            TypeInfoResolver = DomainJsonContext.Default.WithAddedModifier(contract =>
            {
                if (contract.Type == typeof(CustomerFeatures))
                {
                    contract.Properties.Remove(contract.Properties.Single(p => p.Name == ServingFeaturesDecoder.ProcessingPropertyName));
                }
            }),
        };
        return (JsonTypeInfo<CustomerFeatures>)options.GetTypeInfo(typeof(CustomerFeatures));
    }
}
