using System.IO.Compression;
using System.Text;
using SegmentFunctions.Domain.Scoring;

namespace SegmentFunctions.Application.Tests.Training;

public sealed class ModelBundleSerializerTests(TrainedBundleFixture fixture) : IClassFixture<TrainedBundleFixture>
{
    [Fact]
    public async Task Bytes_that_are_not_a_zip_are_refused_with_a_format_error()
    {
        using var garbage = new MemoryStream(Encoding.UTF8.GetBytes("not a model bundle"));
        var error = await Assert.ThrowsAsync<ModelBundleFormatException>(() => ModelBundleSerializer.LoadAsync(garbage, CancellationToken.None));
        Assert.Contains("not a model bundle", error.Message);
    }

    [Fact]
    public async Task A_bundle_of_another_format_version_is_refused_naming_both_versions()
    {
        var bytes = await RewriteAsync("manifest.json", json => json.Replace("\"formatVersion\":1", "\"formatVersion\":99", StringComparison.Ordinal));
        var error = await Assert.ThrowsAsync<ModelBundleFormatException>(() => ModelBundleSerializer.LoadAsync(new MemoryStream(bytes), CancellationToken.None));
        Assert.Contains("format version 99", error.Message);
        Assert.Contains($"version {ModelBundle.FormatVersion}", error.Message);
    }

    [Fact]
    public async Task A_corrupt_model_entry_is_refused_with_a_format_error()
    {
        var bytes = await RewriteAsync("mixture.json", json => json[..(json.Length / 2)]);
        var error = await Assert.ThrowsAsync<ModelBundleFormatException>(() => ModelBundleSerializer.LoadAsync(new MemoryStream(bytes), CancellationToken.None));
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public async Task The_parameter_draws_round_trip_and_give_the_same_intervals()
    {
        var bundle = fixture.Result.Bundle;
        using var stream = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(bundle, stream, CancellationToken.None);
        stream.Position = 0;

        var loaded = await ModelBundleSerializer.LoadAsync(stream, CancellationToken.None);

        Assert.NotNull(bundle.Uncertainty);
        Assert.Equal(bundle.Uncertainty.BgNbd, loaded.Uncertainty!.BgNbd);
        Assert.Equal(bundle.Uncertainty.GammaGamma, loaded.Uncertainty.GammaGamma);
        foreach (var customer in fixture.Shop.AtTraining.Take(50))
        {
            var expected = new CustomerScorer(bundle).Score(customer, fixture.Shop.TrainingAsOf);
            var actual = new CustomerScorer(loaded).Score(customer, fixture.Shop.TrainingAsOf);
            Assert.NotNull(actual.ExpectedPurchasesInterval);
            Assert.Equal(expected.ProbabilityAliveInterval, actual.ProbabilityAliveInterval);
            Assert.Equal(expected.ExpectedPurchasesInterval, actual.ExpectedPurchasesInterval);
            Assert.Equal(expected.CustomerLifetimeValueInterval, actual.CustomerLifetimeValueInterval);
        }
    }

    [Fact]
    public async Task A_bundle_written_before_parameter_draws_loads_and_scores_without_intervals()
    {
        using var stream = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(fixture.Result.Bundle, stream, CancellationToken.None);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            zip.GetEntry("uncertainty.json")!.Delete();
        }

        stream.Position = 0;
        var loaded = await ModelBundleSerializer.LoadAsync(stream, CancellationToken.None);

        Assert.Null(loaded.Uncertainty);
        var customer = fixture.Shop.AtTraining.First();
        var withDraws = new CustomerScorer(fixture.Result.Bundle).Score(customer, fixture.Shop.TrainingAsOf);
        var without = new CustomerScorer(loaded).Score(customer, fixture.Shop.TrainingAsOf);
        Assert.Equal((withDraws.ProbabilityAlive, withDraws.ExpectedPurchases, withDraws.CustomerLifetimeValue), (without.ProbabilityAlive, without.ExpectedPurchases, without.CustomerLifetimeValue));
        Assert.Null(without.ProbabilityAliveInterval);
        Assert.Null(without.ExpectedPurchasesInterval);
        Assert.Null(without.CustomerLifetimeValueInterval);
    }

    private async Task<byte[]> RewriteAsync(string entryName, Func<string, string> change)
    {
        using var stream = new MemoryStream();
        await ModelBundleSerializer.SaveAsync(fixture.Result.Bundle, stream, CancellationToken.None);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry(entryName)!;
            string text;
            using (var reader = new StreamReader(entry.Open()))
            {
                text = await reader.ReadToEndAsync();
            }

            entry.Delete();
            await using var writer = new StreamWriter(zip.CreateEntry(entryName).Open());
            await writer.WriteAsync(change(text));
        }

        return stream.ToArray();
    }
}
