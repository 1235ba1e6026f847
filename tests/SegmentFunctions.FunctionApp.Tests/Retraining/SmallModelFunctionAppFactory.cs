using System.Globalization;
using SegmentFunctions.FunctionApp.Tests.Infrastructure;
using SegmentFunctions.Testing.Retraining;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>The app's services with small model settings (as the retraining contract tests use), so a run takes seconds.</summary>
internal class SmallModelFunctionAppFactory : FunctionAppFactory
{
    protected override bool UseComposedServices => true;

    protected override void AddSettings(IDictionary<string, string?> settings)
    {
        base.AddSettings(settings);
        settings["Retraining:ChurnHorizonDays"] = RetrainShop.HorizonDays.ToString(CultureInfo.InvariantCulture);
        settings["Retraining:Training:MaxComponents"] = "4";
        settings["Retraining:Training:Restarts"] = "1";
        settings["Retraining:Training:Seed"] = "11";
        settings["PromotionGate:MinSegmentCustomers"] = "5";
    }
}
