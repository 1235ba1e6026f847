namespace SegmentFunctions.Application.Serving;

/// <summary>
/// The model that serves, swapped atomically: a reference write publishes a fully built <see cref="ServingModel"/>,
/// and readers take one reference read per request. Null until the first version is loaded.
/// </summary>
public sealed class ServingModelHolder
{
    private ServingModel? _current;

    public ServingModel? Current => Volatile.Read(ref _current);

    internal void Swap(ServingModel model) => Volatile.Write(ref _current, model);
}
