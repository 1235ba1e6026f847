using System.CommandLine;
using System.Globalization;

namespace SegmentFunctions.Cli.Commands;

/// <summary>Validators shared by commands; their errors are parse errors, so they exit with <see cref="ExitCodes.Usage"/>.</summary>
internal static class OptionRules
{
    public static Option<T> InRange<T>(this Option<T> option, int min, int max)
    {
        option.Validators.Add(result =>
        {
            // A value that is not a number is reported by the option's own conversion; range only applies to numbers.
            var token = result.Tokens.LastOrDefault()?.Value;
            if (token is null || !int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return;
            }

            if (value < min || value > max)
            {
                result.AddError($"{option.Name} must be between {min} and {max}; got {value}.");
            }
        });
        return option;
    }
}
