using SegmentFunctions.Domain.Events;

namespace SegmentFunctions.Domain.Synthetic;

/// <summary>One generated customer: its ground truth and its events in time order.</summary>
public sealed record SyntheticCustomer(SyntheticCustomerTruth Truth, IReadOnlyList<CustomerEvent> Events);
