using SegmentFunctions.Domain.Features;

namespace SegmentFunctions.Application.Ports;

/// <summary>A feature document as stored, with the ETag that guards the next conditional write.</summary>
public sealed record StoredFeatures(CustomerFeatures Features, string ETag);
