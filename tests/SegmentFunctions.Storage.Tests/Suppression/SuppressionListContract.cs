using SegmentFunctions.Application.Ports;

namespace SegmentFunctions.Storage.Tests.Suppression;

/// <summary>The behaviour every <see cref="ISuppressionList"/> must have, run against each implementation.</summary>
public abstract class SuppressionListContract
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    private CancellationToken Ct => _timeout.Token;

    protected abstract ISuppressionList List { get; }

    private static string NewId() => "c-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task A_lookup_finds_exactly_the_suppressed_ids_among_those_asked_about()
    {
        string[] suppressed = [NewId(), NewId()];
        string[] others = [NewId(), NewId(), NewId()];
        foreach (var id in suppressed)
        {
            await List.AddAsync(id, At, Ct);
        }

        var found = await List.FindSuppressedAsync([.. others, suppressed[1], .. suppressed], Ct);

        Assert.Equal(suppressed.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_empty_lookup_and_a_lookup_of_unknown_ids_find_nothing()
    {
        await List.AddAsync(NewId(), At, Ct);

        Assert.Empty(await List.FindSuppressedAsync([], Ct));
        Assert.Empty(await List.FindSuppressedAsync([NewId(), NewId()], Ct));
    }

    [Fact]
    public async Task Suppressing_an_id_twice_keeps_it_suppressed_once()
    {
        var id = NewId();

        await List.AddAsync(id, At, Ct);
        await List.AddAsync(id, At.AddDays(1), Ct);

        Assert.Equal([id], await List.FindSuppressedAsync([id], Ct));
    }

    [Fact]
    public async Task Ids_with_quotes_backslashes_and_other_scripts_match_only_themselves()
    {
        string[] awkward = ["o'brien\"]) OR true --", "back\\slash", "ünïcödé-顧客", "a,b"];
        await List.AddAsync(awkward[0], At, Ct);
        await List.AddAsync(awkward[2], At, Ct);

        var found = await List.FindSuppressedAsync([.. awkward, "o'brien", "back"], Ct);

        Assert.Equal([awkward[0], awkward[2]], found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_lookup_of_more_ids_than_one_query_holds_finds_them_all()
    {
        var ids = Enumerable.Range(0, 1200).Select(_ => NewId()).ToList();
        string[] suppressed = [ids[3], ids[700], ids[1199]];
        foreach (var id in suppressed)
        {
            await List.AddAsync(id, At, Ct);
        }

        var found = await List.FindSuppressedAsync(ids, Ct);

        Assert.Equal(suppressed.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
    }
}
