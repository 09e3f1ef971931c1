using System.Security.Cryptography;
using System.Text;

namespace Platform.Domain.Registry;

/// <summary>
/// Names an alias such as <c>production</c> for one base model and task. Each alias is a stream of its
/// own, so its stream version is what makes two concurrent promotions conflict.
/// </summary>
public sealed record AliasKey(string BaseModel, string Task, string Name)
{
    public Guid ToStreamId() =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"alias:{BaseModel}:{Task}:{Name}"))[..16]);

    public override string ToString() => $"{BaseModel}/{Task}/{Name}";
}
