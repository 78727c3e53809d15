namespace Tongban.Web.Infrastructure;

/// <summary>A rule of the domain refused the operation (becomes HTTP 409).</summary>
public class DomainException(string message) : Exception(message);

/// <summary>Input failed validation (becomes HTTP 422 with per-field errors).</summary>
public class ValidationFailedException : Exception
{
    public ValidationFailedException(IDictionary<string, string[]> errors)
        : base(string.Join("；", errors.SelectMany(e => e.Value)))
        => Errors = new Dictionary<string, string[]>(errors);

    public ValidationFailedException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] }) { }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>The record does not exist, or not for this caller (HTTP 404).</summary>
public class NotFoundException(string message) : Exception(message);

/// <summary>The caller reached outside their area scope (HTTP 403, audited).</summary>
public class OutsideScopeException(string message) : Exception(message);

/// <summary>Collects field errors and throws once, so a form shows every problem at the same time.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new();

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public Validation Require(bool condition, string field, string message) => condition ? this : Add(field, message);

    public IDictionary<string, string[]> Errors => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new ValidationFailedException(Errors);
    }
}
