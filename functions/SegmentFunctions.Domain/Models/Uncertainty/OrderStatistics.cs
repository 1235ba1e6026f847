namespace SegmentFunctions.Domain.Models.Uncertainty;

/// <summary>
/// Quickselect (Hoare): places the k-th smallest value at index k, smaller or equal ones before it and larger or equal
/// ones after, in expected linear time; cheaper than sorting the few dozen draws of an interval twice per score.
/// </summary>
internal static class OrderStatistics
{
    public static void Select(Span<double> values, int k)
    {
        var left = 0;
        var right = values.Length - 1;
        while (left < right)
        {
            // Median of three as pivot keeps already ordered draws linear.
            var middle = left + ((right - left) / 2);
            var pivot = Median(values[left], values[middle], values[right]);
            var i = left;
            var j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return;
            }
        }
    }

    private static double Median(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
