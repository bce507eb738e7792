using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace NanoCheck;

/// <summary>
/// Decodes signature blobs into readable type names and records every generic instantiation it meets
/// (ELEMENT_TYPE_GENERICINST, ECMA-335 §II.23.2.12).
/// </summary>
internal sealed class GenericUsageProvider : ISignatureTypeProvider<string, object?>
{
    public List<string> Instantiations { get; } = [];

    public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
    {
        string name = $"{genericType}<{string.Join(", ", typeArguments)}>";
        Instantiations.Add(name);
        return name;
    }

    public string GetGenericMethodParameter(object? genericContext, int index) => $"!!{index}";

    public string GetGenericTypeParameter(object? genericContext, int index) => $"!{index}";

    public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

    public string GetByReferenceType(string elementType) => elementType + "&";

    public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";

    public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

    public string GetPinnedType(string elementType) => elementType;

    public string GetPointerType(string elementType) => elementType + "*";

    public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

    public string GetSZArrayType(string elementType) => elementType + "[]";

    public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
    {
        TypeDefinition type = reader.GetTypeDefinition(handle);
        string name = reader.GetString(type.Name);
        if (!type.GetDeclaringType().IsNil)
        {
            return GetTypeFromDefinition(reader, type.GetDeclaringType(), rawTypeKind) + "+" + name;
        }

        string ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
    {
        TypeReference type = reader.GetTypeReference(handle);
        string ns = reader.GetString(type.Namespace);
        string name = reader.GetString(type.Name);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
}
