using System.Reflection;
using Microsoft.DurableTask;
using SegmentFunctions.Cli.Serve;

namespace SegmentFunctions.FunctionApp.Tests.Retraining;

/// <summary>
/// Runs an <c>[ActivityTrigger]</c> function of the app as a Durable Task activity, the way Durable Functions calls it:
/// the activity's input, a <c>FunctionContext</c> whose services are the app's, and the invocation's cancellation.
/// </summary>
public sealed class FunctionWrapperActivity(object functions, MethodInfo method, IServiceProvider services) : ITaskActivity
{
    public Type InputType => method.GetParameters()[0].ParameterType;

    public Type OutputType => method.ReturnType.GetGenericArguments()[0];

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var functionContext = new LocalFunctionContext(
            new LocalFunctionDefinition(context.Name.Name, method), services, new Dictionary<string, object?>(), null, CancellationToken.None);
        var task = (Task)method.Invoke(functions, [input, functionContext, CancellationToken.None])!;
        await task;
        return task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task);
    }
}
