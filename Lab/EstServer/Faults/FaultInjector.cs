using Lab.EstServer.Est;

namespace Lab.EstServer.Faults;

/// <summary>
/// The queue of faults to inject. Each request takes at most one fault per stage (before processing, at
/// issuance, on the successful response), the first queued one that applies; a fault is used up after
/// <see cref="EstFault.Count"/> responses. Faults never touch the admin API.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _lock = new();
    private readonly List<(EstFault Fault, int Left)> _queue = [];

    /// <summary>Queues a fault.</summary>
    public void Inject(EstFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.Validate();
        lock (_lock)
        {
            _queue.Add((fault, fault.Count));
        }
    }

    /// <summary>The queued faults with how many responses each still affects.</summary>
    public IReadOnlyList<(EstFault Fault, int Remaining)> Pending()
    {
        lock (_lock)
        {
            return [.. _queue];
        }
    }

    /// <summary>Removes every queued fault.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _queue.Clear();
        }
    }

    /// <summary>Takes one use of the first queued fault for <paramref name="operation"/> that <paramref name="stage"/> accepts.</summary>
    internal EstFault? Take(EstOperation operation, Func<EstFault, bool> stage)
    {
        lock (_lock)
        {
            for (int i = 0; i < _queue.Count; i++)
            {
                (EstFault fault, int left) = _queue[i];
                if (!fault.AppliesTo(operation) || !stage(fault))
                {
                    continue;
                }

                if (left <= 1)
                {
                    _queue.RemoveAt(i);
                }
                else
                {
                    _queue[i] = (fault, left - 1);
                }

                return fault;
            }

            return null;
        }
    }
}
